"""The read-only part of a submission in the admin: sender, text, attachments with previews."""

from wagtail.admin.panels import Panel


class SubmissionContentPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "inbox/admin/submission_content.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["submission"] = self.instance
            context["attachments"] = list(self.instance.attachments.all()) if self.instance.pk else []
            return context
