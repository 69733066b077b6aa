"""The stage registry and the pipeline's order checks."""

import pytest

from warta import Options, Pipeline
from warta.errors import UsageError
from warta.pipeline import registry


def test_every_default_stage_is_registered_with_its_needs():
    stages = registry()
    for name in Options().stages:
        assert name in stages, name
    assert "entities" in stages["places"].requires or stages["places"].requires


def test_unknown_stage_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown stage"):
        Pipeline(Options(stages=("clean", "nonsense")))


def test_stage_out_of_order_is_refused():
    with pytest.raises(UsageError, match="needs"):
        Pipeline(Options(stages=("clean", "events")))
