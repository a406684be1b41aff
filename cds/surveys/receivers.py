"""Difficulties written in effectiveness reviews join the bottleneck register
(:func:`cds.surveys.services.bottlenecks.from_review_issue`). Connected to the review issue's
``post_save`` by model label, so the reviews app never imports surveys. An answer written on the
review page (``cds.reviews.services.answer_issue``) is carried onto the register item that has
none yet."""
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Bottleneck, BottleneckStatus
from .services.bottlenecks import from_review_issue


@receiver(post_save, sender="reviews.ReviewIssue", dispatch_uid="surveys.review_issue_saved")
def review_issue_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        from_review_issue(instance)
        return
    if not instance.answered_at:
        return
    item = Bottleneck.objects.filter(review_issue=instance, answered_at__isnull=True).first()
    if item is None:
        return
    item.answer, item.answered_by = instance.answer, instance.answered_by
    item.answered_at = instance.answered_at or timezone.now()
    if item.status == BottleneckStatus.NEW:
        item.status = BottleneckStatus.ANSWERED
    item.version += 1
    item._history_user = instance.answered_by
    item.save()
