"""gunicorn config for ``bench/run.py --what-if``: measure proposed fixes before they land.

Nothing here changes the app's files; each worker patches itself after loading the app, so a
run shows what the fixes listed in RESULTS.md would buy. Results go to
``bench/out/full/RESULTS-whatif.md``, never to ``bench/RESULTS.md``.

1. The commitment filter form's ``meeting`` field as a number input, not a ``<select>`` of
   every meeting (views._commitment_filter).
2. The follow-up form's ``meeting`` field likewise (forms.FollowUpForm; the searchable HTMX
   list already exists).
3. PostgreSQL JIT off for the app's connections (settings: OPTIONS "-c jit=off").
"""


def post_worker_init(worker) -> None:
    from django import forms
    from django.db.backends.signals import connection_created

    from meetings.web import forms as meeting_forms
    from meetings.web import views

    original_filter = views._commitment_filter

    def commitment_filter(request):
        filterset = original_filter(request)
        filterset.form.fields["meeting"].widget = forms.NumberInput(attrs={"min": 1})
        return filterset

    views._commitment_filter = commitment_filter

    original_init = meeting_forms.FollowUpForm.__init__

    def follow_up_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.fields["meeting"].widget = forms.NumberInput(attrs={"min": 1})

    meeting_forms.FollowUpForm.__init__ = follow_up_init

    def jit_off(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")

    connection_created.connect(jit_off, weak=False)
