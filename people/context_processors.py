from people.roles import Role, roles_of


def navigation(request):
    """What the navigation needs to show each role its own menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": frozenset(), "Role": Role}
    return {"roles": roles_of(user), "Role": Role}
