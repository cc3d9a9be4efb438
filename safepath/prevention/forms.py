from django import forms
from django.utils.translation import gettext_lazy as _

from safepath.htcds.forms import DateInput, HtcdsModelForm
from safepath.organisations.models import Organisation
from safepath.places.forms import LocationChoiceField
from safepath.places.models import Location
from safepath.prevention.models import (
    MAX_TRAINING_DAYS,
    MEDIA_KINDS,
    REACH_GENDERS,
    Activity,
    AgeGroup,
    Campaign,
    FollowUpSurvey,
    Module,
    Participant,
    Question,
    Training,
    in_language,
)
from safepath.prevention.selectors import modules_for

MAX_OPTIONS = 5


def _organisation_field(form, org_ids: list[int]) -> None:
    field = form.fields["organisation"]
    field.queryset = Organisation.objects.filter(pk__in=org_ids)
    field.empty_label = None
    if len(org_ids) == 1:
        field.widget = forms.HiddenInput()
    if not form.is_bound and form.instance._state.adding:
        form.initial.setdefault("organisation", org_ids[0] if org_ids else None)


class TrainingForm(HtcdsModelForm):
    location = LocationChoiceField(label=_("place"))

    class Meta:
        model = Training
        fields = [
            "organisation",
            "title",
            "starts_on",
            "ends_on",
            "location",
            "venue",
            "modules",
            "facilitators",
            "co_organisers",
            "funders",
            "notes",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "modules": forms.CheckboxSelectMultiple,
            "co_organisers": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "facilitators": _("Names, separated by commas."),
            "funders": _("Donors or programmes that pay for the training."),
        }

    def __init__(self, *args, org_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, org_ids)
        self.fields["modules"].queryset = modules_for(organisation_ids=org_ids)
        self.fields["co_organisers"].queryset = Organisation.objects.filter(
            is_active=True
        ).exclude(pk__in=org_ids)
        self.fields["co_organisers"].required = False
        self.fields["title"].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_on", _("The last day cannot be before the first."))
            elif (ends - starts).days + 1 > MAX_TRAINING_DAYS:
                self.add_error(
                    "ends_on",
                    _("A training lasts at most %(days)s days.")
                    % {"days": MAX_TRAINING_DAYS},
                )
            elif self.instance.pk:
                outside = (
                    self.instance.participants.filter(attendance__isnull=False)
                    .exclude(attendance__day__range=(starts, ends))
                    .exists()
                )
                if outside:
                    self.add_error(
                        "ends_on",
                        _(
                            "Attendance is recorded on days outside these dates: "
                            "correct the attendance first."
                        ),
                    )
        return cleaned


class ParticipantForm(HtcdsModelForm):
    class Meta:
        model = Participant
        fields = [
            "name",
            "sector",
            "gender",
            "workplace",
            "position",
            "consent_to_contact",
            "phone",
            "email",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
        }

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if email:
            forms.EmailField().clean(email)
        return email

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("consent_to_contact"):
            for name in ("phone", "email"):
                if (cleaned.get(name) or "").strip():
                    self.add_error(
                        name,
                        _(
                            "Keep contact details only if the participant agrees "
                            "to be contacted: tick the box or leave this empty."
                        ),
                    )
        return cleaned


class OpenTestForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["open_test"]
        widgets = {"open_test": forms.RadioSelect}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("spreadsheet (.xlsx or .csv)"),
        help_text=_(
            "One participant per row, with a header row. Columns: name, sector, "
            "gender, organisation, position, consent_to_contact, phone, email."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class TestForm(forms.Form):
    """The questions, each with its options in the given language."""

    def __init__(self, *args, questions: list[Question], language: str,
                 required: bool = True, **kwargs) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            texts = {"mn": question.text_mn, "en": question.text_en,
                     "fr": question.text_fr}  # fmt: skip
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {in_language(texts, language)}",
                choices=[
                    (str(i), text)
                    for i, text in enumerate(question.option_texts(language))
                ],
                coerce=int,
                widget=forms.RadioSelect,
                required=required,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict[str, int]:
        return {
            name[1:]: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }


class ScoresForm(forms.Form):
    """Scores of marked paper tests for the whole training at once."""

    max_score = forms.IntegerField(
        label=_("questions in the test"), min_value=1, max_value=200
    )

    def __init__(self, *args, participants: list[Participant], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for participant in participants:
            pair = []
            for kind in ("pre", "post"):
                name = f"{kind}_{participant.pk}"
                self.fields[name] = forms.IntegerField(
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "score"}),
                )
                pair.append(self[name])
            self.rows.append((participant, pair))

    def clean(self):
        cleaned = super().clean()
        maximum = cleaned.get("max_score")
        if maximum:
            for name, value in list(cleaned.items()):
                if name != "max_score" and value is not None and value > maximum:
                    self.add_error(
                        name,
                        _("More than the %(n)s questions of the test.")
                        % {"n": maximum},
                    )
        return cleaned

    def scores(self) -> dict[tuple[int, str], int | None]:
        result = {}
        for name, value in self.cleaned_data.items():
            if name == "max_score":
                continue
            kind, pid = name.split("_")
            result[(int(pid), kind)] = value
        return result


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUpSurvey
        fields = ["answered_on", "identified", "referred", "used_training", "comments"]
        widgets = {
            "answered_on": DateInput,
            "used_training": forms.RadioSelect,
            "comments": forms.Textarea(attrs={"rows": 3}),
        }


class PublicFollowUpForm(FollowUpForm):
    class Meta(FollowUpForm.Meta):
        fields = ["identified", "referred", "used_training", "comments"]


class ModuleForm(HtcdsModelForm):
    class Meta:
        model = Module
        fields = ["organisation", "name_mn", "name_en", "name_fr"]

    def __init__(self, *args, org_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, org_ids)


class QuestionForm(HtcdsModelForm):
    """The question and up to MAX_OPTIONS options, each in three languages."""

    correct = forms.TypedChoiceField(
        label=_("correct answer"),
        choices=[(str(n), str(n + 1)) for n in range(MAX_OPTIONS)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Question
        fields = ["text_mn", "text_en", "text_fr", "correct", "is_active"]
        widgets = {
            "text_mn": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "text_fr": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.option_rows = []
        for n in range(MAX_OPTIONS):
            row = []
            for language in ("mn", "en", "fr"):
                name = f"option_{n}_{language}"
                self.fields[name] = forms.CharField(
                    required=False,
                    max_length=300,
                    label=_("option %(n)s (%(language)s)")
                    % {"n": n + 1, "language": language},
                )
                if not self.is_bound and n < len(self.instance.options or []):
                    self.initial[name] = self.instance.options[n].get(language, "")
                row.append(self[name])
            self.option_rows.append((n + 1, row))

    def clean(self):
        cleaned = super().clean()
        options = []
        for n in range(MAX_OPTIONS):
            texts = {
                lang: (cleaned.get(f"option_{n}_{lang}") or "").strip()
                for lang in ("mn", "en", "fr")
            }
            if any(texts.values()):
                if not texts["mn"]:
                    self.add_error(
                        f"option_{n}_mn",
                        _("Give the option in Mongolian too."),
                    )
                options.append((n, texts))
        if len(options) < 2:
            self.add_error(None, _("Give at least two options."))
        filled = [n for n, _texts in options]
        correct = cleaned.get("correct")
        if correct is not None and correct not in filled:
            self.add_error(
                "correct", _("The correct answer must be one of the options given.")
            )
        elif correct is not None:
            cleaned["correct"] = filled.index(correct)
        self.instance.options = [texts for _n, texts in options]
        return cleaned


class CampaignForm(HtcdsModelForm):
    class Meta:
        model = Campaign
        fields = [
            "organisation",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "partners",
            "other_partners",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, org_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _organisation_field(self, org_ids)
        self.fields["partners"].queryset = Organisation.objects.filter(
            is_active=True
        ).exclude(pk__in=org_ids)
        self.fields["partners"].required = False
        self.fields["title"].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return cleaned


def reach_field_name(gender: str, age_group: str) -> str:
    return f"reach_{gender}_{age_group}".replace("+", "plus").replace("-", "_")


class ActivityForm(HtcdsModelForm):
    """The activity and its counted reach as a grid: gender × age group."""

    location = LocationChoiceField(label=_("place"))

    class Meta:
        model = Activity
        fields = [
            "kind",
            "held_on",
            "location",
            "place_detail",
            "audience",
            "materials",
            "estimated_reach",
            "notes",
        ]
        widgets = {
            "held_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "estimated_reach": _(
                "For radio, television, social media and posters: listeners, "
                "viewers or views as estimated by the broadcaster or platform."
            ),
            "place_detail": _("e.g. the mining camp, school or border crossing."),
        }

    def __init__(self, *args, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        existing = (
            {(r.gender, r.age_group): r.people for r in self.instance.reach.all()}
            if self.instance.pk
            else {}
        )
        self.reach_rows = []
        for gender in REACH_GENDERS:
            row = []
            for age, _label in AgeGroup.choices:
                name = reach_field_name(gender, age)
                self.fields[name] = forms.IntegerField(
                    min_value=0,
                    max_value=1_000_000,
                    required=False,
                    label=f"{gender.label}, {AgeGroup(age).label}",
                    widget=forms.NumberInput(attrs={"class": "score"}),
                )
                if not self.is_bound and (gender, age) in existing:
                    self.initial[name] = existing[(gender, age)]
                row.append(self[name])
            self.reach_rows.append((gender.label, row))
        self.age_groups = [label for _value, label in AgeGroup.choices]
        self.fields["kind"].widget.attrs["autofocus"] = True

    def reach(self) -> dict[tuple[str, str], int]:
        return {
            (gender, age): self.cleaned_data.get(reach_field_name(gender, age)) or 0
            for gender in REACH_GENDERS
            for age, _label in AgeGroup.choices
        }

    def clean(self):
        cleaned = super().clean()
        held = cleaned.get("held_on")
        campaign = self.campaign
        if held and (
            held < campaign.starts_on or (campaign.ends_on and held > campaign.ends_on)
        ):
            self.add_error("held_on", _("The date is outside the campaign's dates."))
        counted = sum(self.reach().values()) if not self.errors else 0
        kind = cleaned.get("kind")
        if kind and kind not in MEDIA_KINDS and cleaned.get("estimated_reach"):
            self.add_error(
                "estimated_reach",
                _("Count the people present in the grid below instead."),
            )
        if kind in MEDIA_KINDS and not cleaned.get("estimated_reach") and not counted:
            self.add_error(
                "estimated_reach", _("Give the estimated reach of this channel.")
            )
        return cleaned


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label=_("from date"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("to date"), required=False, widget=DateInput)
    place = forms.ModelChoiceField(
        label=_("aimag"),
        queryset=Location.objects.filter(level=1),
        required=False,
        empty_label=_("All"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end cannot be before the start."))
        return cleaned
