"""The REST API under /api/v1/ (django-ninja): personal tokens, the same filter, services
and rules as the pages, an OpenAPI 3.1 document at /api/v1/openapi.json."""
