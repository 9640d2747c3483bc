# shellcheck shell=bash
# Installs the Debian packages ClosedForm builds against, when one is missing:
#   liblapacke-dev libgsl-dev libopenblas-dev pkg-config
# (and python3-venv when python3 lacks ensurepip, for the Python test packages below),
# and, optionally, LaTeX for the tests that compile generated tables with pdflatex, and librsvg for the
# tests that render the generated SVGs:
#   texlive-latex-base texlive-latex-recommended (booktabs) texlive-science (siunitx) texlive-pictures (pgfplots)
#   librsvg2-bin (rsvg-convert)
# The LaTeX group (about 135 MB to download, 280 MB on disk, under 2 minutes) is installed when CI=true or
# CLOSEDFORM_WITH_LATEX=1; otherwise it is left out and that one test is skipped with a message.
# Sourced by scripts/reproduce.sh and scripts/test.sh (and can be run on its own with bash).
# Uses sudo when not root; does nothing when `dpkg -s` shows every package installed.

closedform_system_packages=(liblapacke-dev libgsl-dev libopenblas-dev pkg-config)
closedform_latex_packages=(texlive-latex-base texlive-latex-recommended texlive-science texlive-pictures librsvg2-bin)

closedform_install_system_packages() {
    local wanted=("${closedform_system_packages[@]}")
    if [ "${CI:-}" = "true" ] || [ "${CLOSEDFORM_WITH_LATEX:-}" = "1" ]; then
        wanted+=("${closedform_latex_packages[@]}")
    else
        echo "==> LaTeX (pdflatex, booktabs, siunitx) not requested: CLOSEDFORM_WITH_LATEX=1 installs it for the LaTeX compile test"
    fi
    # A Debian python3 without ensurepip cannot make the virtual environment of closedform_install_python_packages.
    if command -v python3 >/dev/null 2>&1 && ! python3 -c "import ensurepip" 2>/dev/null; then
        wanted+=(python3-venv)
    fi
    if ! command -v dpkg >/dev/null 2>&1; then
        echo "==> no dpkg (not Debian): skipping the package install; install LAPACKE, GSL, OpenBLAS and pkg-config by hand (README)"
        return 0
    fi
    local missing=() package
    for package in "${wanted[@]}"; do
        if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        echo "==> system packages already installed: ${wanted[*]}"
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "error: missing packages ${missing[*]}; not root and no sudo: install them by hand (README)" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    echo "==> installing system packages: ${missing[*]}"
    echo "==> ${sudo[*]:+${sudo[*]} }apt-get update"
    "${sudo[@]}" apt-get update
    echo "==> ${sudo[*]:+${sudo[*]} }apt-get install -y --no-install-recommends ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# Python packages for two tests: the CSV round trip through numpy.loadtxt and pandas.read_csv, and the run
# of every committed notebook with nbclient (which needs ipykernel for the python3 kernel):
#   numpy pandas nbclient nbformat ipykernel
# closedform_install_python_packages (called by scripts/test.sh, not on sourcing) uses python3 when it has them
# all, and otherwise a virtual environment in .build/python that it creates and fills with pip; it exports
# CLOSEDFORM_PYTHON, the interpreter the tests run. Without python3 it does nothing (those tests are skipped).
closedform_python_packages=(numpy pandas nbclient nbformat ipykernel)
closedform_python_imports="import numpy, pandas, nbclient, nbformat, ipykernel"

closedform_install_python_packages() {
    if ! command -v python3 >/dev/null 2>&1; then
        echo "==> no python3: the numpy/pandas CSV test and the notebook test will be skipped"
        return 0
    fi
    if python3 -c "$closedform_python_imports" 2>/dev/null; then
        export CLOSEDFORM_PYTHON="$(command -v python3)"
        echo "==> python3 has ${closedform_python_packages[*]}"
        return 0
    fi
    local venv=.build/python
    if ! "$venv/bin/python" -c "$closedform_python_imports" 2>/dev/null; then
        echo "==> python3 -m venv $venv && $venv/bin/python -m pip install ${closedform_python_packages[*]}"
        if ! python3 -m venv "$venv"; then
            echo "error: python3 -m venv failed: install the venv module (Debian: apt-get install python3-venv)" >&2
            return 1
        fi
        "$venv/bin/python" -m pip install --quiet "${closedform_python_packages[@]}"
    fi
    export CLOSEDFORM_PYTHON="$PWD/$venv/bin/python"
    echo "==> CLOSEDFORM_PYTHON=$CLOSEDFORM_PYTHON"
}

closedform_install_system_packages
