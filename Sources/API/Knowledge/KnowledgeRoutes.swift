import Foundation
import MCShared

/// What agents know and how well they do: working memory, workspace files, SOUL and its
/// templates, evaluations and the efficiency report.
struct KnowledgeRoutes {
    let database: EventedDatabase
    let configuration: MissionControlConfiguration

    func register(on routes: RouteRegistry) {
        let isolation = WorkspaceIsolation(database: database)
        AgentMemoryRoutes(
            memory: AgentMemoryService(database: database), files: AgentFilesService(database: database),
            isolation: isolation
        ).register(on: routes)
        AgentSoulRoutes(
            service: AgentSoulService(database: database, templates: SoulTemplates(configuration: configuration)),
            isolation: isolation
        ).register(on: routes)
        AgentAnalyticsRoutes(
            evals: AgentEvalService(database: database), optimizer: AgentOptimizeService(database: database)
        ).register(on: routes)
    }
}
