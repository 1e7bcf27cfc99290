from geo import gazetteer


def test_zip_gives_its_centroid():
    entry = gazetteer.find_zip("15213")
    assert (entry.latitude, entry.longitude) == (40.444, -79.9552)
    assert entry.city == "Pittsburgh" and entry.state == "PA"


def test_unknown_zip_is_none():
    assert gazetteer.find_zip("00000") is None


def test_city_by_state_code_or_name_and_any_case():
    by_code = gazetteer.find_city("Pittsburgh", "PA")
    assert by_code == gazetteer.find_city("pittsburgh", "Pennsylvania")
    assert abs(by_code.latitude - 40.44) < 0.1 and abs(by_code.longitude + 79.99) < 0.1


def test_saint_and_st_are_the_same_city():
    assert gazetteer.find_city("St. Louis", "MO") == gazetteer.find_city(
        "Saint Louis", "MO"
    )


def test_city_in_the_wrong_state_is_none():
    assert gazetteer.find_city("Pittsburgh", "NV") is None
    assert gazetteer.find_city("Pittsburgh", "Narnia") is None
