@_exported import LinearAlgebra
@_exported import GaussianMixtures
@_exported import Diffusion
@_exported import DataFiles
@_exported import ScoreEstimators
@_exported import Reports
@_exported import Theory
@_exported import SubspaceClustering
