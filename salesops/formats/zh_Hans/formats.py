# Chinese business documents group amounts by thousands with a comma (1,234,567.89), as finance
# and HR expect on the bonus sheet; Django's zh_Hans default prints them ungrouped.
from django.conf.locale.zh_Hans.formats import *  # noqa: F401,F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
