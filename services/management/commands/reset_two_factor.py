from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pirs_portal.accounts import two_factor_reset


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor devices (authenticator apps and backup codes), for a steward who lost "
        "their phone: at their next sign-in to the admin they set up two-factor sign-in again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user named {username!r}.") from None
        removed = two_factor_reset(user=user)
        if not removed:
            self.stdout.write(f"{username} has no two-factor devices: nothing to remove.")
            return
        for description in removed:
            self.stdout.write(f"Removed {description}.")
        self.stdout.write(self.style.SUCCESS(
            f"{username} will set up two-factor sign-in again at their next sign-in to the admin."
        ))
