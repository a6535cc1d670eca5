// Surveys on Azure Functions Flex Consumption (Linux), .NET 10 isolated worker (runtime dotnet-isolated 10.0).
// Resource-group scope. Deploy with infra/README.md; the app itself is the zip built by scripts/publish.sh
// (the `dotnet publish` folder of src/Surveys.Functions: functions.metadata, worker.config.json, host.json, dlls).
//
// Identity-only access to storage: the account has shared-key access disabled, and the app (the Functions host
// and the worker alike) reaches blobs, queues and tables with its system-assigned managed identity.

targetScope = 'resourceGroup'

@description('Azure region. It must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Function app name (global DNS name: <name>.azurewebsites.net).')
@minLength(2)
@maxLength(60)
param functionAppName string = 'func-surveys-${uniqueString(resourceGroup().id)}'

@description('Storage account for the Functions host, the deployment package and the app\'s tables and queues (3–24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string = 'stsurveys${uniqueString(resourceGroup().id)}'

@description('Upper bound on instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Norwegian time of the weekly digest (Surveys:Schedules:WeeklyDigest): an English weekday and HH:mm. The timer fires hourly in UTC (Flex Consumption reads NCRONTAB in UTC and ignores WEBSITE_TIME_ZONE); the function acts from this time in Europe/Oslo, summer and winter (issue 12).')
param weeklyDigestAt string = 'Monday 07:00'

@description('Norwegian time of the daily digest and the evaluation reminders (Surveys:Schedules:DailyDigest): HH:mm, every day, in Europe/Oslo.')
param dailyDigestAt string = '07:00'

@description('Verified SendGrid sender address for sign-in links and digests.')
param emailFromAddress string

@description('The app\'s public address, used in links sent by e-mail (e.g. https://surveys.example.no).')
param publicBaseUrl string = 'https://${functionAppName}.azurewebsites.net'

@description('Key vault (in this resource group, RBAC authorization) holding the SendGrid API key. Empty: use sendGridApiKey instead.')
param keyVaultName string = ''

@description('Name of the secret holding the SendGrid API key in keyVaultName.')
param sendGridSecretName string = 'SendGridApiKey'

@description('SendGrid API key, used only when keyVaultName is empty. Pass it on the command line, never in a file.')
@secure()
param sendGridApiKey string = ''

@description('Key that lets the first administrator in (Surveys__BootstrapAdminKey). At least 32 characters; e.g. openssl rand -base64 32.')
@secure()
@minLength(32)
param bootstrapAdminKey string

@description('Further app settings, merged over the ones this template sets.')
param extraAppSettings object = {}

param tags object = { app: 'surveys' }

var useKeyVault = !empty(keyVaultName)
var deploymentContainerName = 'app-package'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

// Storage: Blob (host locks, timer status, deployment package), Queue (work), Table (state) ----------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // managed identity only
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

// Tables and queues are created by the app on first use and by the host (poison queues, its own blobs).
// The app's identity gets its roles on the account below, after the function app (its principal exists from then).

// Monitoring: workspace-based Application Insights, ingestion by Entra ID only, IP masking on -------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${functionAppName}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${functionAppName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableIpMasking: false // client IPs are not stored: participants are anonymous
    DisableLocalAuth: true
  }
}

// SendGrid key: Key Vault reference (preferred) or secure parameter ------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = if (useKeyVault) {
  name: useKeyVault ? keyVaultName : 'unused'
}

var sendGridApiKeySetting = useKeyVault
  ? '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${sendGridSecretName})'
  : sendGridApiKey

// Function app -----------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${functionAppName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION as app settings: the runtime
// is functionAppConfig.runtime below (dotnet-isolated 10.0). No WEBSITE_TIME_ZONE: Flex ignores it (NCRONTAB in UTC).
var appSettings = union(
  {
    // Identity-based host storage, no keys: the system-assigned identity (no clientId), for the host and the app's clients.
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD' // the system-assigned identity
    SendGridApiKey: sendGridApiKeySetting
    Surveys__Email__Mode: 'SendGrid'
    Surveys__Email__SendGrid__FromEmail: emailFromAddress
    Surveys__PublicBaseUrl: publicBaseUrl
    // Every %Setting% of a trigger in functions.metadata ([QueueTrigger("%X%")], [TimerTrigger("%X%")]): the host resolves
    // them from app settings, and a function whose setting is missing is never listened to or scheduled
    // (tests/Surveys.Functions.Tests/Hosting/PublishLayoutTests.cs checks the published metadata against this list).
    ResponsesQueue: 'responses'
    ComparisonsQueue: 'comparisons'
    EmailsQueue: 'emails'
    SignInRequestsQueue: 'signin-requests'
    // The sweep that requeues responses not yet folded: every ten minutes.
    RequeueSchedule: '0 */10 * * * *'
    // The real-time alert (issue 15): every ten minutes; it measures a sliding window (Surveys__Alerts__Window), not a local time.
    AlertSchedule: '0 */10 * * * *'
    // Hourly in UTC, as Flex Consumption reads NCRONTAB. Each function decides in Norwegian time whether a run is its
    // own (Surveys__Schedules__*).
    ExportDeliverySchedule: '0 0 * * * *'
    PartnerParticipationSchedule: '0 0 * * * *'
    DigestSchedule: '0 0 * * * *'
    DailyDigestSchedule: '0 0 * * * *'
    Surveys__Schedules__WeeklyDigest: weeklyDigestAt
    Surveys__Schedules__DailyDigest: dailyDigestAt
    Surveys__BootstrapAdminKey: bootstrapAdminKey
  },
  extraAppSettings
)

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [for setting in items(appSettings): { name: setting.key, value: setting.value }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    deploymentContainer
  ]
}

// Roles of the app's system-assigned identity. They can only follow the app (its principal is created with it), so
// the very first start may log 403s until they apply (infra/README.md). Names are stable: redeploying changes nothing.

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [roles.storageTableDataContributor, roles.storageQueueDataContributor, roles.storageBlobDataOwner]: {
    name: guid(storage.id, functionApp.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: functionApp.identity.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appInsightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionApp.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource keyVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (useKeyVault) {
  name: guid(resourceGroup().id, keyVaultName, functionApp.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// No FTP and no basic-auth publishing: deploy with an Entra ID token (az CLI does).
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: { allow: false }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'scm'
  properties: { allow: false }
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output storageAccountName string = storage.name
output identityPrincipalId string = functionApp.identity.principalId
