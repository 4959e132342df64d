from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsdesk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from articles.services.preferences import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="newsdesk-language-at-login")
