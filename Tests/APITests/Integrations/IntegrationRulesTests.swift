import MCShared
import Testing

@testable import MCAPI

/// The pure naming rules: usernames for approved Google users, branch names for tasks.
@Suite struct IntegrationRulesTests {
    @Test(arguments: [
        ("Jane.Doe@example.com", "jane.doe"),
        ("o'brien+tag@example.com", "obrientag"),
        ("Ünïcode_ok-1@example.com", "ncode_ok-1"),
        ("@example.com", "user"),
        ("élan@example.com", "lan"),
        ("no-at-sign", "no-at-sign"),
        ("abcdefghijklmnopqrstuvwxyz0123456789@example.com", "abcdefghijklmnopqrstuvwxyz01"),
    ])
    func usernameBaseStripsLowercasesAndCaps(email: String, expected: String) {
        #expect(AccessRequestUsername.base(fromEmail: email) == expected)
    }

    @Test func usernameBaseIsAtMost28Characters() {
        #expect(AccessRequestUsername.base(fromEmail: String(repeating: "a", count: 28) + "@x").count == 28)
        #expect(AccessRequestUsername.base(fromEmail: String(repeating: "a", count: 29) + "@x").count == 28)
    }

    @Test func uniqueUsernameKeepsAFreeBase() {
        #expect(AccessRequestUsername.unique("jane") { _ in false } == "jane")
    }

    @Test func uniqueUsernameCountsUpAfterCuttingTheBaseTo24() {
        let base = String(repeating: "b", count: 28)
        let cut = String(repeating: "b", count: 24)
        let taken: Set<String> = [base, cut + "-1", cut + "-2"]
        #expect(AccessRequestUsername.unique(base) { taken.contains($0) } == cut + "-3")
        #expect(AccessRequestUsername.unique("jane") { $0 == "jane" } == "jane-1")
    }

    @Test func branchNameHasPrefixNumberAndSlug() {
        #expect(
            TaskBranchName.make(prefix: "TASK", number: 7, title: "Fix the login page!")
                == "feat/task-7-fix-the-login-page")
        #expect(TaskBranchName.make(prefix: nil, number: 12, title: "Hello") == "feat/task-12-hello")
        #expect(TaskBranchName.make(prefix: "WEB", number: 3, title: "***") == "feat/web-3-untitled")
    }

    @Test func branchNameIsAtMost60CharactersAndNeverEndsInADash() {
        let name = TaskBranchName.make(
            prefix: "PLATFORM", number: 1234,
            title: "A very long title that keeps going - and going past sixty characters")
        #expect(name.count <= 60)
        #expect(!name.hasSuffix("-"))
        #expect(name.hasPrefix("feat/platform-1234-a-very-long-title"))
        let exact = TaskBranchName.make(prefix: "T", number: 1, title: String(repeating: "x", count: 100))
        #expect(exact.count == 60)
    }

    @Test func repositoriesMustBeOwnerSlashName() {
        #expect(TaskBranchService.isValidRepo("octo/hello-world.js"))
        for bad in ["octo", "octo/", "/x", "a/b/c", "../x", "octo/..", "oc to/x", "octo/x?y"] {
            #expect(!TaskBranchService.isValidRepo(bad), "\(bad)")
        }
    }

    @Test func gitHubErrorMessagesIncludeTheFirstValidationError() {
        #expect(GitHubClient.message(["message": "Not Found"]) == "Not Found")
        #expect(
            GitHubClient.message([
                "message": "Validation Failed", "errors": [["message": "A pull request already exists"]],
            ])
                == "Validation Failed (A pull request already exists)")
        #expect(GitHubClient.message(nil) == "no message")
    }
}
