"""The web app: FastAPI routes, Jinja2 templates and the app's own static assets."""
