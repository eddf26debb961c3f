from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up unasked: people join through an invitation link."""

    def is_open_for_signup(self, request) -> bool:
        return False
