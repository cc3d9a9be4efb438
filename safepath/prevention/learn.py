"""Participants' own pages: the pre-test, post-test and follow-up survey on
their phone, through the link on their sheet (no account).

Like the public pages, these set no cookie: the language is in the URL, the
pages are rendered without the request, and the link's random token is what
proves who answers (so no CSRF cookie is needed: a forged form would need
the token). The page never shows the participant's name.
"""

import contextlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from safepath.prevention import selectors, services
from safepath.prevention.forms import PublicFollowUpForm, TestForm
from safepath.prevention.models import OpenTest, ResultSource, TestKind
from safepath.public.urls import LanguageConverter  # noqa: F401 - registers it


@require_safe
def start(request: HttpRequest, token: str) -> HttpResponse:
    if selectors.participant_by_token(token) is None:
        raise Http404
    return redirect("learn:page", lang=settings.LANGUAGE_CODE, token=token)


def _render(lang: str, token: str, context: dict, status: int = 200) -> HttpResponse:
    languages = [
        (code, name, reverse("learn:page", kwargs={"lang": code, "token": token}))
        for code, name in settings.LANGUAGES
    ]
    html = render_to_string(
        "prevention/learn.html", {**context, "lang": lang, "languages": languages}
    )
    response = HttpResponse(html, status=status)
    response.headers["Content-Language"] = lang
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt  # no cookie to check: the link's token stands in (module docstring)
@require_http_methods(["GET", "HEAD", "POST"])
def page(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    participant = selectors.participant_by_token(token)
    if participant is None:
        raise Http404
    with translation.override(lang):
        return _page(request, lang, token, participant)


def _page(request, lang: str, token: str, participant) -> HttpResponse:
    training = participant.training
    open_test = training.open_test
    context = {"training": training, "open_test": open_test}
    post = request.POST if request.method == "POST" else None
    if open_test in (OpenTest.PRE, OpenTest.POST):
        done = participant.results.filter(kind=open_test).first()
        if done is not None:
            return _render(lang, token, {**context, "result": done})
        questions = selectors.training_questions(training)
        if not questions:  # modules without questions: scores come from paper
            return _render(lang, token, context)
        form = TestForm(post, questions=questions, language=lang)
        if post is not None and form.is_valid():
            # Sent twice (the back button): the first answers stand.
            with contextlib.suppress(services.AlreadyTaken):
                services.test_submit(
                    participant=participant,
                    kind=open_test,
                    answers=form.answers(),
                    source=ResultSource.PHONE,
                )
            return redirect("learn:page", lang=lang, token=token)
        context.update(form=form, test_label=TestKind(open_test).label)
        return _render(lang, token, context, status=400 if form.errors else 200)
    if open_test == OpenTest.FOLLOW_UP:
        if hasattr(participant, "follow_up"):
            return _render(lang, token, {**context, "survey_done": True})
        form = PublicFollowUpForm(post)
        if post is not None and form.is_valid():
            survey = form.save(commit=False)
            survey.participant = participant
            survey.answered_on = timezone.localdate()
            services.follow_up_save(survey=survey, source=ResultSource.PHONE)
            return redirect("learn:page", lang=lang, token=token)
        context.update(survey_form=form)
        return _render(lang, token, context, status=400 if form.errors else 200)
    return _render(lang, token, context)
