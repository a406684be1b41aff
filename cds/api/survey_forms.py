"""/api/v1/surveys/forms — questionnaires in and out as XLSForm."""
from ninja import Router

router = Router()
