// One function app on its own Flex Consumption (FC1) plan, .NET 10 isolated worker, running as a
// user-assigned managed identity. Every connection it has is identity-based: the Functions runtime
// (AzureWebJobsStorage__*), the deployment package container, telemetry, and the app-specific
// settings passed in `appSettings` (CosmosDb__*, Search__*, EventHubs__*, Blobs__*).

param name string
param planName string
param location string
param tags object

@description('The azd service this app deploys (azd-service-name tag); matches a service in azure.yaml.')
@allowed([
  'catalog'
  'cart'
  'orders'
  'analytics'
  'pricing'
  'replenishment'
])
param serviceName string

@description('Resource id of the app\'s user-assigned managed identity.')
param identityId string

@description('Client id of that identity (the `__clientId` of every connection).')
param identityClientId string

@description('Blob endpoint of the app\'s own runtime storage account (AzureWebJobsStorage, the deployment package).')
param storageBlobEndpoint string

@description('Queue endpoint of that account (the queues the app\'s triggers read).')
param storageQueueEndpoint string

@description('Blob container the Flex Consumption platform deploys the package from.')
param deploymentContainerName string

param applicationInsightsConnectionString string

@description('App-specific settings, merged over the common ones. Identity-based values only.')
param appSettings object = {}

@description('Subnet for VNet integration; empty for none.')
param subnetId string = ''

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Browser origins allowed to call the app (CORS); empty for none. Never a wildcard.')
param allowedOrigins string[] = []

@description('Always-ready instances per group (Flex Consumption per-function scaling groups, e.g. http, durable); empty for none.')
param alwaysReady array = []

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Key Vault references in the settings resolve with the app's own identity.
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Flex Consumption takes FUNCTIONS_WORKER_RUNTIME and the runtime version from functionAppConfig,
  // so they are deliberately absent here.
  resource settings 'config' = {
    name: 'appsettings'
    properties: union(
      {
        AzureWebJobsStorage__credential: 'managedidentity'
        AzureWebJobsStorage__clientId: identityClientId
        AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
        AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
        AZURE_CLIENT_ID: identityClientId
        APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      },
      appSettings
    )
  }

  // Basic-auth publishing (FTP and SCM user/password) is off; azd deploys with an Entra ID token.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
