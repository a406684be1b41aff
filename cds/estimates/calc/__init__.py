"""Calculators of the estimates app: use-case points (:mod:`.ucp`), rate norms (:mod:`.rates`),
data-entry rates (:mod:`.data_entry`) and the contingency cap (:mod:`.contingency`).

Every constant is read from the method's :class:`~cds.estimates.models.Constant` rows
(:func:`.constants.method_constants`); the calculators are pure functions over that mapping,
computed in :class:`~decimal.Decimal`, money rounded half up to whole đồng."""
