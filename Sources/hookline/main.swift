print("hookline")
