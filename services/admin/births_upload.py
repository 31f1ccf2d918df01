"""Births from a CSV file, in the admin: upload, a preview of every change, then confirm.

The same importer as `manage.py import_births` (regions.importers). Between the
preview and the confirmation the file travels back to the browser signed, with a
fingerprint of the stored figures: if anyone changes a births figure in between,
the steward is shown the preview again instead of a change they never saw.
"""

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.importers import BIRTHS_COLUMNS, ImportRefused, births_import_text, births_version, text_of

from ..stewardship import is_national, steward_authorities

# A births file for every Welsh area over decades is a few tens of kilobytes.
MAX_BYTES = 256 * 1024
SALT = "pirs.births-upload"
# A preview left open longer than this is read again from a fresh upload.
PREVIEW_SECONDS = 60 * 60


class BirthsFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 CSV with the columns %(columns)s, and optionally area_name and note.")
        % {"columns": ", ".join(BIRTHS_COLUMNS)},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d KB; a births file is at most %(limit)d KB. Nothing was imported.")
                % {"size": upload.size // 1024, "limit": MAX_BYTES // 1024})
        try:
            return text_of(upload.read(), name=upload.name)
        except ImportRefused as refused:
            raise forms.ValidationError(refused.problems) from refused


def births_upload_view(model_admin: admin.ModelAdmin, request):
    """Upload → preview → confirm; a steward of a region may import only their own authorities' births."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    allowed = None if is_national(request.user) else set(
        steward_authorities(user=request.user).values_list("code", flat=True))
    context = {
        **admin.site.each_context(request), "opts": model_admin.model._meta,
        "title": _("Import live births from a CSV file"), "form": BirthsFileForm(), "columns": BIRTHS_COLUMNS,
    }
    if request.method != "POST":
        return TemplateResponse(request, "admin/regions/livebirths/import.html", context)
    if "payload" not in request.POST:
        form = BirthsFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(request, "admin/regions/livebirths/import.html", {**context, "form": form})
        return _preview(request, context, text=form.cleaned_data["file"], allowed=allowed)
    try:
        payload = signing.loads(request.POST["payload"], salt=SALT, max_age=PREVIEW_SECONDS)
    except signing.BadSignature:
        payload = None
    if not payload or payload.get("user") != request.user.pk:
        messages.error(request, _("That preview has expired or cannot be read. Upload the file again; nothing was "
                                  "imported."))
        return redirect(request.path)
    with transaction.atomic():
        if payload["version"] != births_version():
            context["changed_since"] = True
            return _preview(request, context, text=payload["text"], allowed=allowed)
        try:
            report = births_import_text(payload["text"], allowed=allowed)
        except ImportRefused as refused:
            return TemplateResponse(request, "admin/regions/livebirths/import.html",
                                    {**context, "problems": refused.problems})
    messages.success(request, _("Imported. Figures added: %(created)d; changed: %(updated)d; unchanged: "
                                "%(unchanged)d.")
                     % {"created": len(report.created), "updated": len(report.updated),
                        "unchanged": len(report.unchanged)})
    return redirect(reverse("admin:regions_livebirths_changelist"))


def _preview(request, context: dict, *, text: str, allowed: set[str] | None):
    """Show every change the file would make, or every problem that stops it; nothing is stored."""
    try:
        report = births_import_text(text, dry_run=True, allowed=allowed)
    except ImportRefused as refused:
        return TemplateResponse(request, "admin/regions/livebirths/import.html",
                                {**context, "problems": refused.problems})
    payload = signing.dumps({"text": text, "version": births_version(), "user": request.user.pk},
                            salt=SALT, compress=True)
    return TemplateResponse(request, "admin/regions/livebirths/import.html",
                            {**context, "report": report, "payload": payload,
                             "changes": bool(report.created or report.updated)})
