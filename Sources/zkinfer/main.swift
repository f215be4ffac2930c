print("zkinfer: not yet implemented")
