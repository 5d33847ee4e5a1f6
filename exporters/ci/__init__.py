"""CI/CD files: GitHub Actions and GitLab CI workflows and the deploy scripts they call."""
