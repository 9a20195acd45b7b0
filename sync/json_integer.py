"""A JSON integer within bounds, checked entirely inside pydantic's compiled validator.

JSON has one number type, so ``7.0`` is the integer 7 (as JSON Schema says), while ``7.5``,
``"7"`` and ``true`` are not integers at all. A plain ``BeforeValidator`` says that in Python,
which pydantic then calls for every integer of every event: in a batch of thousands of events
those calls cost more than validating everything else in the event. Here an integer is matched
by pydantic's own strict integer check, and only a number written with a fraction reaches Python
(to turn ``7.0`` into 7 or refuse ``7.5``). Any failure is one error that names the bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema


@dataclass(frozen=True)
class JsonInteger:
    """Use as ``Annotated[int, JsonInteger(low, high)]``: a whole number from low to high."""

    ge: int
    le: int

    def __get_pydantic_core_schema__(
        self, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        written_with_fraction = core_schema.no_info_after_validator_function(
            _whole, core_schema.float_schema(strict=True, ge=self.ge, le=self.le)
        )
        return core_schema.union_schema(
            [core_schema.int_schema(strict=True, ge=self.ge, le=self.le), written_with_fraction],
            mode="left_to_right",
            custom_error_type="json_integer",
            custom_error_message=f"Input should be a whole number from {self.ge} to {self.le}",
        )

    def __get_pydantic_json_schema__(
        self, _core: core_schema.CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "integer", "minimum": self.ge, "maximum": self.le}


def _whole(value: float) -> int:
    if not value.is_integer():
        raise ValueError("not a whole number")
    return int(value)
