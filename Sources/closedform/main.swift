print("closedform: under construction")
