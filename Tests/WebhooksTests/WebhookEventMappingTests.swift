import MCShared
import MCWebhooks
import Testing

@Suite struct WebhookEventMappingTests {
    func event(_ type: String, _ payload: JSONValue) -> WebhookSourceEvent {
        WebhookSourceEvent(type: type, payload: payload)
    }
    func activity(_ type: String, entity: String, id: Int) -> WebhookSourceEvent {
        event(
            "activity.created",
            [
                "id": 99, "type": .string(type), "entity_type": .string(entity), "entity_id": .number(Double(id)),
                "workspace_id": 1,
            ])
    }
    /// The types each webhook would receive for the transaction `events`.
    func delivered(_ events: [WebhookSourceEvent], to subscriptions: [String]) -> [String] {
        WebhookEventMapping.changes(in: events).compactMap { $0.event(for: subscriptions)?.type }
    }

    @Test(
        arguments: [
            ("task.created", ["id": 1] as JSONValue, ["activity.task_created"]),
            ("task.updated", ["id": 1], ["activity.task_updated"]),
            ("task.deleted", ["id": 1, "title": "x"], ["activity.task_deleted"]),
            ("task.status_changed", ["id": 1, "status": "done"], ["activity.task_status_changed"]),
            ("agent.status_changed", ["id": 3, "status": "idle"], ["agent.status_change"]),
            ("agent.status_changed", ["id": 3, "status": "error"], ["agent.error", "agent.status_change"]),
            ("activity.created", ["type": "pipeline_started"], ["activity.pipeline_started"]),
            ("notification.created", ["type": "mention"], ["notification.mention"]),
            ("audit.security", ["action": "login_failed"], ["security.login_failed"]),
            ("activity.created", ["type": ""], []),
            ("notification.created", [:], []),
            ("agent.created", ["id": 3], []),
            ("chat.message", ["id": 3], []),
            ("security.event", ["id": 3], []),
        ] as [(String, JSONValue, [String])])
    func eachBusEventMapsAsTheOriginal(type: String, payload: JSONValue, expected: [String]) {
        #expect(WebhookEventMapping.candidates(for: event(type, payload)).map(\.type) == expected)
    }

    @Test func candidatesCarryThePayloadAsData() {
        let payload: JSONValue = ["id": 7, "title": "Ship it", "workspace_id": 1]
        #expect(WebhookEventMapping.candidates(for: event("task.created", payload)).first?.data == payload)
    }

    @Test func taskCreationIsDeliveredOnceNotTwice() {
        let transaction = [
            activity("task_created", entity: "task", id: 7), event("task.created", ["id": 7, "title": "t"]),
        ]
        #expect(delivered(transaction, to: ["*"]) == ["activity.task_created"])
        #expect(delivered(transaction, to: ["activity.task_created"]) == ["activity.task_created"])
        // The one delivered carries the canonical data: the task, not the activity row.
        let change = WebhookEventMapping.changes(in: transaction)
        #expect(change.count == 1)
        #expect(change[0].event(for: ["*"])?.data["title"] == "t")
    }

    @Test func queueClaimIsOneChangeWithTheActivityAsAnAlternative() {
        let transaction = [
            activity("task_updated", entity: "task", id: 7),
            event("task.status_changed", ["id": 7, "status": "in_progress"]),
        ]
        #expect(delivered(transaction, to: ["*"]) == ["activity.task_status_changed"])
        // A webhook that only names `activity.task_updated` still hears about it, once.
        #expect(delivered(transaction, to: ["activity.task_updated"]) == ["activity.task_updated"])
        #expect(
            delivered(transaction, to: ["activity.task_updated", "activity.task_status_changed"]) == [
                "activity.task_status_changed"
            ])
    }

    @Test func bulkMovesAreOneChangePerTask() {
        let transaction = [
            activity("task_updated", entity: "task", id: 1), event("task.status_changed", ["id": 1]),
            activity("task_updated", entity: "task", id: 2), event("task.status_changed", ["id": 2]),
        ]
        #expect(delivered(transaction, to: ["*"]) == ["activity.task_status_changed", "activity.task_status_changed"])
    }

    @Test func activityWithoutACanonicalPartnerIsDeliveredOnItsOwn() {
        // An agent status change through PUT /api/agents logs the activity without an
        // `agent.status_changed` event: it must still reach webhooks.
        let transaction = [activity("agent_status_change", entity: "agent", id: 3), event("agent.updated", ["id": 3])]
        #expect(delivered(transaction, to: ["*"]) == ["activity.agent_status_change"])
        // A task activity about another task than the event's is not a twin.
        let other = [activity("task_updated", entity: "task", id: 8), event("task.updated", ["id": 7])]
        #expect(delivered(other, to: ["*"]) == ["activity.task_updated", "activity.task_updated"])
    }

    @Test func livenessSweepIsOneChange() {
        let transaction = [
            event("agent.status_changed", ["id": 3, "name": "a", "status": "offline"]),
            activity("agent_status_change", entity: "agent", id: 3),
            event("notification.created", ["type": "heartbeat", "recipient": "system"]),
        ]
        #expect(delivered(transaction, to: ["*"]) == ["agent.status_change"])
        #expect(delivered(transaction, to: ["activity.agent_status_change"]) == ["activity.agent_status_change"])
        #expect(
            delivered(transaction, to: ["*", "notification.heartbeat"]) == [
                "agent.status_change", "notification.heartbeat",
            ])
    }

    @Test func agentErrorIsOneDeliveryPerWebhook() {
        let transaction = [event("agent.status_changed", ["id": 3, "status": "error"])]
        #expect(delivered(transaction, to: ["*"]) == ["agent.status_change"])
        #expect(delivered(transaction, to: ["agent.error"]) == ["agent.error"])
        #expect(delivered(transaction, to: ["agent.status_change", "agent.error"]) == ["agent.error"])
        #expect(delivered(transaction, to: ["agent.status_change"]) == ["agent.status_change"])
    }

    @Test func noisyTypesOnlyWhenNamed() {
        let heartbeat = [
            event("activity.created", ["type": "agent_heartbeat", "entity_type": "agent", "entity_id": 3])
        ]
        #expect(delivered(heartbeat, to: ["*"]).isEmpty)
        #expect(delivered(heartbeat, to: ["activity.agent_heartbeat"]) == ["activity.agent_heartbeat"])
        let fromHeartbeat = [event("agent.status_changed", ["id": 3, "status": "busy", "source": "heartbeat"])]
        #expect(delivered(fromHeartbeat, to: ["*"]).isEmpty)
        #expect(delivered(fromHeartbeat, to: ["agent.status_change"]) == ["agent.status_change"])
        #expect(WebhookEventMapping.noisyTypes.contains("activity.agent_heartbeat"))
    }

    @Test func matchingIsExactWithoutPrefixWildcards() {
        let transaction = [event("task.created", ["id": 1])]
        #expect(delivered(transaction, to: ["activity.*"]).isEmpty)
        #expect(delivered(transaction, to: []).isEmpty)
        #expect(delivered(transaction, to: ["activity.task_updated"]).isEmpty)
    }

    @Test func stringIdsAndUnrelatedEventsKeepTheirOrder() {
        let transaction = [
            event("notification.created", ["type": "assignment"]),
            activity("task_created", entity: "task", id: 5),
            event("task.created", ["id": "5"]),
            event("audit.security", ["action": "password_change"]),
        ]
        #expect(
            delivered(transaction, to: ["*"]) == [
                "notification.assignment", "activity.task_created", "security.password_change",
            ])
    }

    @Test func pickerMatchesTheOriginal() {
        #expect(WebhookEventMapping.pickerTypes.count == 11)
        #expect(WebhookEventMapping.pickerTypes.first == "*")
        #expect(WebhookEventMapping.testEventType == "test.ping")
    }
}
