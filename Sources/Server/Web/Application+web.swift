import Core
import Hummingbird

/// Registers the web pages (static files, the customer booking pages, the back-office and the admin console).
func registerWebPages(
    on router: Router<NailbookContext>, engine: BookingEngine, hooks: NodeHooks, line: LineIntegration,
    metrics: ServerMetrics, configuration: ServerConfiguration
) {
    let templates: WebTemplates
    let catalog: MessageCatalog
    do {
        templates = try WebTemplates.load()
        catalog = try MessageCatalog.load()
    } catch {
        // The templates and catalogs ship inside the package: failing to read them is a broken build.
        preconditionFailure("web resources: \(error)")
    }
    let assets = StaticAssets.load()
    assets.register(on: router)
    let web = CustomerWeb(
        engine: engine, configuration: configuration.web, clock: configuration.clock, role: hooks.role,
        templates: templates, assets: assets, catalog: catalog)
    CustomerPageRoutes(web: web).register(on: router)
    let office = OfficeWeb(
        engine: engine, configuration: configuration.web, clock: configuration.clock, role: hooks.role,
        templates: templates, assets: assets, catalog: catalog, adminTokenDigest: configuration.adminTokenDigest,
        hasher: PasswordHasher(cost: configuration.web.bcryptCost), line: line.configuration,
        credentials: line.credentials, hooks: hooks, metrics: metrics)
    OfficeRoutes(web: office).register(on: router)
}
