// Event Hubs data-plane roles (sender/receiver) for one principal, scoped to the clickstream hub only.

param namespaceName string
param hubName string
param principalId string

@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string = 'ServicePrincipal'

@description('Role definition ids (GUIDs) to assign.')
param roleDefinitionIds string[]

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: namespaceName

  resource hub 'eventhubs' existing = {
    name: hubName
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in roleDefinitionIds: {
    name: guid(namespace::hub.id, principalId, roleId)
    scope: namespace::hub
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]
