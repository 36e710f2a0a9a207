import sklearn

from utils.versions import library_versions


def test_library_versions_name_every_library_the_studies_depend_on():
    versions = library_versions()
    assert set(versions) == {"python", "numpy", "scipy", "pandas", "scikit-learn",
                             "imbalanced-learn", "joblib"}
    assert versions["scikit-learn"] == sklearn.__version__
    assert all(isinstance(value, str) and value for value in versions.values())
