"""Plain Python that talks to other servers for the app: fetching pages a user names and
posting webhooks, every connection through the public-address guard."""
