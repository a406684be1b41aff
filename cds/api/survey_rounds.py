"""/api/v1/surveys/rounds — survey rounds and their results, read-only."""
from ninja import Router

router = Router()
