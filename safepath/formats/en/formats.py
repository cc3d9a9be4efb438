# Django's English formats are American (11/28/2026), which reads as a
# different date to most of the programme's partners; ISO dates do not.
from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1
