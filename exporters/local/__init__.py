"""Local development files: docker-compose and the .env example."""
