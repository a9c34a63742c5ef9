"""The REST API under /api/v1/: thin views over the domain functions and the models."""
