enum LedgerCommands {
    static let append = Command(spec: CommandSpec(name: "ledger append", summary: "x", options: [.json])) { _, _ in .success }
    static let show = Command(spec: CommandSpec(name: "ledger show", summary: "x", options: [.json])) { _, _ in .success }
    static let verify = Command(spec: CommandSpec(name: "ledger verify", summary: "x", options: [.json])) { _, _ in .success }
    static let inclusion = Command(spec: CommandSpec(name: "ledger inclusion", summary: "x", options: [.json])) { _, _ in .success }
    static let consistency = Command(spec: CommandSpec(name: "ledger consistency", summary: "x", options: [.json])) { _, _ in .success }
}
enum InspectCommand { static let command = Command(spec: CommandSpec(name: "inspect", summary: "x", options: [.json])) { _, _ in .success } }
enum BenchCommand { static let command = Command(spec: CommandSpec(name: "bench", summary: "x", options: [.json])) { _, _ in .success } }
enum DemoCommand { static let command = Command(spec: CommandSpec(name: "demo", summary: "x", options: [.json])) { _, _ in .success } }
