"""The library versions a computed result depends on.

The studies with a command line record them beside their committed summaries and key
their on-disk caches by them, so that an upgrade recomputes instead of reusing.
"""

import platform

import imblearn
import joblib
import numpy as np
import pandas as pd
import scipy
import sklearn


def library_versions():
    """Return the versions of Python and of the libraries the course's numbers depend on.

    Returns
    -------
    dict of str to str
        Python, numpy, scipy, pandas, scikit-learn, imbalanced-learn and joblib.
    """
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__,
        "imbalanced-learn": imblearn.__version__,
        "joblib": joblib.__version__,
    }
