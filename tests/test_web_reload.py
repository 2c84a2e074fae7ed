"""A running app follows `assistant index` run in another process."""

import shutil

import pytest

from assistant.answer import Verdict
from assistant.indexer import build_index

pytestmark = pytest.mark.slow


def test_app_serves_the_new_build_after_rebuilds_elsewhere(tmp_path, settings_for, write_statement):
    from assistant.web.config import WebLimits
    from assistant.web.services import Services

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy("corpus/social-scanning-2021.md", corpus)
    settings = settings_for(corpus, tmp_path / "index", records_db=tmp_path / "records.sqlite3")
    build_index(settings, progress=False)
    services = Services(settings, WebLimits(_env_file=None))
    services.start()
    first = services.build_id

    # Two rebuilds elsewhere: the build the app loaded is removed by the second one.
    write_statement(corpus, "remote-supervision-2024", ["The Board will not accredit programmes that rely solely on remote supervision."])
    build_index(settings, progress=False)
    (corpus / "remote-supervision-2024.md").unlink()
    build_index(settings, progress=False)

    answer = services.ask("Can I get a gender reveal scanning course accredited?")
    assert answer.verdict is Verdict.NO
    assert services.build_id != first
