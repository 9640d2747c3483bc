// Sampler throughput benchmark: being written (see the sampler engineer).
print("closedform-sampler-benchmark: not written yet")
