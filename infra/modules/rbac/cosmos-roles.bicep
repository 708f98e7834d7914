// Cosmos DB data-plane RBAC: the built-in Data Contributor role (read/write items, query, change feed)
// for one principal over the whole account. Cosmos data-plane roles are sqlRoleAssignments,
// not Microsoft.Authorization role assignments, and accept any principal type.

param accountName string
param principalId string

// Cosmos DB Built-in Data Contributor.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: accountName
}

resource assignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    principalId: principalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    scope: account.id
  }
}
