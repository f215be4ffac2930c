enum InspectCommand { static let command = Command(spec: CommandSpec(name: "inspect", summary: "x", options: [.json])) { _, _ in .success } }
