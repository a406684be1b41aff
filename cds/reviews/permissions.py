"""Who may read, fill, submit, assess and decide effectiveness reviews and their campaigns."""

from cds.accounts import access
from cds.accounts.models import Role

from .models import Campaign, Review


def can_manage_campaigns(user) -> bool:
    return access.has_role(user, Role.CDS_APPRAISER, Role.ADMIN)


def scope_campaigns(user, queryset=None):
    qs = queryset if queryset is not None else Campaign.objects.all()
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    if user.role in access.UNIT_ROLES:
        # A unit sees the campaigns it has reviews in.
        return qs.filter(pk__in=scope_reviews(user).values("campaign_id"))
    return qs.filter(scope.q("root_unit"))


def scope_reviews(user, queryset=None):
    """Reviews of units in the user's scope (a unit sees only its own reviews)."""
    qs = queryset if queryset is not None else Review.objects.all()
    return qs.filter(access.scope_for(user).q("unit"))


def get_review_for(user, pk, queryset=None):
    return access.get_scoped_or_404(scope_reviews(user, queryset), pk, "Không tìm thấy báo cáo đánh giá.")


def can_fill_review(user, review) -> bool:
    return access.has_role(user, Role.UNIT_STAFF, Role.UNIT_HEAD) and access.scope_for(user).contains(review.unit)


def can_submit_review(user, review) -> bool:
    return access.has_role(user, Role.UNIT_HEAD) and access.scope_for(user).contains(review.unit)


def can_assess_review(user, review) -> bool:
    return access.has_role(user, Role.CDS_APPRAISER) and access.scope_for(user).contains(review.unit)


def can_decide_review(user, review) -> bool:
    return access.has_role(user, Role.LEADER) and access.scope_for(user).contains(review.unit)
