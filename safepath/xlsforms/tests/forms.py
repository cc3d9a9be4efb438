"""XLSForms for the tests, written in pyxform's markdown form."""

from pathlib import Path

from safepath.xlsforms.services import section_upload

DATA = Path(__file__).resolve().parents[1] / "data"

# Every feature a section supports, in English, French and Mongolian: the
# example form Safepath ships (the demo's organisation uses it).
FAMILY = (DATA / "family_and_work.md").read_text()

SMALL = """
| settings |
| | form_title | form_id |
| | Follow-up | follow_up |
| survey |
| | type | name | label | required |
| | text | place | Where does the person live now? | yes |
"""


def upload(organisation, actor, kind: str = "case", form: str = FAMILY):
    return section_upload(
        organisation=organisation,
        attaches_to=kind,
        name="form.md",
        content=form.encode(),
        actor=actor,
    )
