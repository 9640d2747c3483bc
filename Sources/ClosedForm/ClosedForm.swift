@_exported import LinearAlgebra
@_exported import GaussianMixtures
@_exported import Diffusion
@_exported import DataFiles
