"""Reading only the used columns: line numbers, malformed lines, filters."""

import numpy as np
import pytest

from providers.importers.columnar import true_lines


@pytest.mark.parametrize(
    ("first", "count", "dropped", "lines"),
    [
        (0, 4, [], [2, 3, 4, 5]),
        (0, 4, [3], [2, 4, 5, 6]),
        (0, 3, [2, 3], [4, 5, 6]),
        (2, 3, [3, 5], [6, 7, 8]),
    ],
)
def test_rows_keep_their_line_in_the_file_around_malformed_lines(
    first, count, dropped, lines
):
    got = true_lines(first, count, np.array(dropped, dtype=np.int64))

    assert got.tolist() == lines
