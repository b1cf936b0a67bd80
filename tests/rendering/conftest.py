from __future__ import annotations

import pytest

LETTER = """Dear Catherine,

I have been thinking about the afternoon we spent at the lake, the way the light came off \
the water and caught in your hair, and how neither of us said much for a long time. It's \
strange what stays with you. I don't remember what we ate or how we got home, but I remember \
the quiet, and that it didn't need filling.

Work has been busy. The new office looks out over a parking lot and a single stubborn tree \
that refuses to lose its leaves, even now in November. I've decided it's my tree.

With all my love,
Theodore
"""


@pytest.fixture
def letter_text() -> str:
    return LETTER
