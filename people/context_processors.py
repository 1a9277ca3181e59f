from people.roles import Role, roles_of


def navigation(request):
    """What the navigation needs to show each role its own menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset(), "Role": Role}
    from notifications.models import Notification

    return {
        "roles": roles_of(user),
        "Role": Role,
        "unread_notifications": Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count(),
    }
