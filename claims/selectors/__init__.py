"""Every non-trivial read, grouped as the services are: each selector owns its joins, so a
page or an API list runs a fixed number of queries however many rows it shows."""
