"""A JSON serialisation format that keeps datetimes to the microsecond (for backups).

Django's own "json" format cuts datetimes to the millisecond, so a restored database would not
be the one that was saved. Loading needs nothing special: Django's JSON deserializer reads
full-precision ISO 8601 values.
"""

import datetime as dt

from django.core.serializers.json import (
    Deserializer,  # noqa: F401  (the format's reader)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            value = o.isoformat()
            return value[:-6] + "Z" if value.endswith("+00:00") else value
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
