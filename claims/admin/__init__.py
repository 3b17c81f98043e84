"""The admin, one module an area: who may do what (access), the source registry (sources,
merge, import_export), the pipeline's rows (pipeline), API tokens and webhooks
(integrations), and users and roles (users).

Writes go through claims.services, as everywhere else.
"""

from claims.admin import access, integrations, pipeline, sources, users

__all__ = ["access", "integrations", "pipeline", "sources", "users"]
