// Azure AI Search for the catalog. API keys are disabled (disableLocalAuth): only Entra ID with the
// Search RBAC roles works. authOptions must be absent when local auth is disabled.

param name string
param location string
param tags object

@allowed([
  'free'
  'basic'
  'standard'
  'standard2'
  'standard3'
])
param sku string = 'basic'

@minValue(1)
param replicaCount int = 1

resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    replicaCount: replicaCount
    partitionCount: 1
    hostingMode: 'default'
    publicNetworkAccess: 'enabled'
    disableLocalAuth: true
  }
}

output name string = search.name
output endpoint string = 'https://${search.name}.search.windows.net'
