"""Every write the app makes, one module a stage, in the order an article goes through them:

    ingest      an article comes in (text, file or URL) and is stored once
    extraction  its text is split into claims, each attributed to a registry source
    checks      each claim gets a result per check kind, computed by a worker
    review      reviewers set status, rationale, evidence, assignee and source
    publishing  an editor other than the reviewer signs a verdict off, and it is public

and beside that path: `sources` (the registry), `webhooks` (events for newsroom systems),
`tokens` (API keys), `accounts` (what a role gives an account), `queue` (sending work to
the workers after commit) and `sweep` (queuing again the work an outage or a dead worker
lost).

Views, the API, the admin, commands and tasks all call these functions, so each rule is
written once. They raise claims.errors.ServiceError and its subclasses only.
"""
