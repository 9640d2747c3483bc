# shellcheck shell=bash
# Installs the Debian packages ClosedForm builds against, when one is missing:
#   liblapacke-dev libgsl-dev libopenblas-dev pkg-config
# Sourced by scripts/reproduce.sh and scripts/test.sh (and can be run on its own with bash).
# Uses sudo when not root; does nothing when `dpkg -s` shows every package installed.

closedform_system_packages=(liblapacke-dev libgsl-dev libopenblas-dev pkg-config)

closedform_install_system_packages() {
    if ! command -v dpkg >/dev/null 2>&1; then
        echo "==> no dpkg (not Debian): skipping the package install; install LAPACKE, GSL, OpenBLAS and pkg-config by hand (README)"
        return 0
    fi
    local missing=() package
    for package in "${closedform_system_packages[@]}"; do
        if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        echo "==> system packages already installed: ${closedform_system_packages[*]}"
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

closedform_install_system_packages
