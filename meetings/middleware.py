from django.contrib.auth.middleware import LoginRequiredMiddleware


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Send anonymous browsers to the login page, except under /api/.

    The API authenticates inside each view (session or token) and answers 401 itself, which a
    script can act on; a redirect to an HTML login page would only confuse it.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
